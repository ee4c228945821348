"""The hostile-input corpus, generated at test time by make_corpus.py."""
