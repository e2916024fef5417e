"""The hostile-input corpus: see payloads.py."""
