"""Use-cases: the only layer that opens database sessions. Every public function wears ``@use_case``."""
