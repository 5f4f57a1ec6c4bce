"""Extract people, charges, sentences and dates from human-rights reports."""

__version__ = "0.1.0"
