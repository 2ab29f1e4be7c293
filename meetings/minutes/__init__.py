"""The minutes of a session: the document, the editor and its saving, the workflow's steps, the PDF and
Word files, the history."""
