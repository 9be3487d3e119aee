"""The core layer: errors, the base model, money, time zones, formatting, domain models, content.

It imports nothing else from :mod:`dunning` (``tests/test_layers.py`` pins that).
"""
