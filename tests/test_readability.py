import pytest

from maturity.readability import fk_grade, sentences, syllables


@pytest.mark.parametrize("word, count", [
    ("cat", 1), ("make", 1), ("hope", 1), ("asked", 1), ("planned", 1), ("cries", 1),
    ("little", 2), ("table", 2), ("wanted", 2), ("needed", 2), ("buses", 2), ("places", 2),
    ("people", 2), ("children", 2), ("health", 1), ("waiting", 2), ("makes", 1),
    ("families", 3), ("services", 3), ("appointment", 3), ("area", 3), ("idea", 3),
    ("improvement", 4), ("recommendation", 5), ("organisations", 5), ("2026", 1),
    ("don't", 1), ("Childline", 2),
])
def test_syllables_of_everyday_and_service_words(word, count):
    assert syllables(word) == count


def test_grade_of_known_sentences():
    # 6 words, 6 syllables, 1 sentence: 0.39 × 6 + 11.8 × 1 − 15.59
    assert fk_grade("The cat sat on the mat.") == pytest.approx(0.39 * 6 + 11.8 - 15.59)
    # 2 sentences of 4 words; 1+1+1+1 and 1+1+1+1 syllables, then 3 + 2 + 2 over 8 words
    assert fk_grade("We will help you. You can call us.") == pytest.approx(
        0.39 * 4 + 11.8 - 15.59)
    assert fk_grade("Families wanted the pathway. Nobody waited.") == pytest.approx(
        0.39 * 3 + 11.8 * (3 + 2 + 1 + 2 + 3 + 2) / 6 - 15.59)


def test_service_wording_reads_far_harder_than_plain_words():
    service = ("Bring every children and young people's mental health waiting list into one "
               "patient tracking list in the electronic patient record, validate it, and hold "
               "a weekly meeting chaired by the general manager.")
    plain = "Put all the waiting lists together in one list. We will check it every week."
    assert fk_grade(service) > 12
    assert fk_grade(plain) < 5


def test_lines_without_full_stops_and_empty_text():
    assert sentences("Call 111\n\nText 85258") == 2
    assert sentences("One. Two! Three?") == 3
    assert fk_grade("") == 0.0
    assert fk_grade("   \n ") == 0.0
