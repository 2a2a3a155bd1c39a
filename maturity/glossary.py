"""The abbreviations a report may use, and which of them a given text uses.

A board member or partner outside the NHS should not need to know that PTL is a patient
tracking list: the board reports end with a glossary of exactly the abbreviations they use.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

ABBREVIATIONS: dict[str, str] = {
    "A&E": "accident and emergency department",
    "ADHD": "attention deficit hyperactivity disorder",
    "CAMHS": "child and adolescent mental health services",
    "CAPA": "Choice and Partnership Approach",
    "CBT": "cognitive behavioural therapy",
    "CCG": "clinical commissioning group (replaced by ICBs in 2022)",
    "CGAS": "Children's Global Assessment Scale",
    "CHI-ESQ": "Experience of Service Questionnaire",
    "CORC": "Child Outcomes Research Consortium",
    "CPD": "continuing professional development",
    "CYP": "children and young people",
    "DNA": "did not attend (a missed appointment)",
    "DQMI": "Data Quality Maturity Index",
    "EBCD": "experience-based co-design",
    "EPR": "electronic patient record",
    "FREED": "First episode Rapid Early intervention for Eating Disorders",
    "FT": "foundation trust",
    "GP": "general practitioner",
    "HEE": "Health Education England",
    "IAPT": "Improving Access to Psychological Therapies",
    "ICB": "integrated care board",
    "ICS": "integrated care system",
    "IT": "information technology",
    "KLOE": "key line of enquiry",
    "KPI": "key performance indicator",
    "LGBTQ+": "lesbian, gay, bisexual, transgender, queer or questioning, and more",
    "LTP": "Local Transformation Plan",
    "MH": "mental health",
    "MHSDS": "Mental Health Services Data Set",
    "MHST": "mental health support team (in schools and colleges)",
    "NHS": "National Health Service",
    "NICE": "National Institute for Health and Care Excellence",
    "PCN": "primary care network",
    "PTL": "patient tracking list",
    "QI": "quality improvement",
    "RAG": "red, amber, green rating",
    "RCA": "root cause analysis",
    "RCADS": "Revised Children's Anxiety and Depression Scale",
    "ROM": "routine outcome measure",
    "RTT": "referral to treatment",
    "SDQ": "Strengths and Difficulties Questionnaire",
    "SEND": "special educational needs and disabilities",
    "SOP": "standard operating procedure",
    "THRIVE": "the THRIVE Framework for system change (needs-led groupings of support)",
    "VCSE": "voluntary, community and social enterprise sector",
    "WTE": "whole-time equivalent",
}

_TOKEN = re.compile(r"(?<![\w&-])([A-Z][A-Z&-]*[A-Z]\+?)(?:s)?(?![\w&])")


def used_in(texts: Iterable[str]) -> list[tuple[str, str]]:
    """The known abbreviations that appear in ``texts`` (plurals such as "KPIs" count),
    in alphabetical order, with what each stands for."""
    found: set[str] = set()
    for text in texts:
        for match in _TOKEN.finditer(text or ""):
            word = match.group(1)
            if word in ABBREVIATIONS:
                found.add(word)
            elif word.rstrip("+") + "+" in ABBREVIATIONS:
                found.add(word.rstrip("+") + "+")
    return sorted(((w, ABBREVIATIONS[w]) for w in found), key=lambda p: p[0].lower())
