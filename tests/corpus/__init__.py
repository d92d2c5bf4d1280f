"""An inert corpus of malicious patterns and benign look-alikes, built at test time.

`build_corpus(dest)` writes one wheel or sdist per fixture and returns a `CorpusItem` for each:
its path, whether it is expected to be flagged, and the pattern it stands for. The malicious
fixtures are modelled on documented attacks but carry no working payload (see fixtures.py);
the benign ones imitate legitimate uses of the same APIs. The scanner's tests and benchmark use
them; nothing in them is ever imported, installed or run.
"""

from tests.corpus.build import CorpusItem, build_corpus, fixtures

__all__ = ["CorpusItem", "build_corpus", "fixtures"]
