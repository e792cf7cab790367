"""Corpus, training, evaluation and comparison of SourceMark models."""
