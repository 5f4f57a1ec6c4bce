"""Storage: the output folder (records, manifest, runs), JSONL reading and the one atomic writer."""
