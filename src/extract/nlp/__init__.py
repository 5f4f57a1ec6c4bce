"""NLP: the spaCy components (PERSON, DATE, CHARGE, SENTENCE, cases), the pipeline and its worker pool."""
