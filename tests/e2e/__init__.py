"""End-to-end tests: a live `stilton serve` on 127.0.0.1 driven by real pip, uv and twine."""
