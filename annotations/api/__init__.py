"""The REST API under /api/v1/: public reads, linked data, exports and the write API."""
