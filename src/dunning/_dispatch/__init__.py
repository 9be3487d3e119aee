"""The dispatch application: the outbox, rate limits and the dispatchers that send due messages."""
