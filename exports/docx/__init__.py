"""The board report as a Word document (python-docx)."""
