"""topics._common (the word ids two TF-IDF vectors share, as places in each) gives what
numpy's own intersection gives, on the edge cases too: an empty side, ids above all of the
other side's, no id in common, one side inside the other."""

from __future__ import annotations

import numpy as np

from zvdj_viewer.link.topics import _common


def _expected(ia, ib):
    _both, x, y = np.intersect1d(ia, ib, assume_unique=True, return_indices=True)
    return x, y


def test_common_places_equal_numpys_intersection():
    rng = np.random.default_rng(7)
    cases = [(np.array([1, 5, 9]), np.array([], dtype=np.int64)),
             (np.array([100, 200]), np.array([1, 2, 3])),  # every id above the other side's
             (np.array([1, 2, 3]), np.array([100, 200])),
             (np.array([2, 4, 6]), np.array([1, 3, 5, 7])),
             (np.array([3, 4]), np.array([1, 2, 3, 4, 5])),
             (np.array([7]), np.array([7]))]
    for _ in range(500):
        cases.append((np.unique(rng.integers(0, 400, rng.integers(0, 60))),
                      np.unique(rng.integers(0, 400, rng.integers(1, 60)))))
    for ia, ib in cases:
        ia, ib = ia.astype(np.int64), ib.astype(np.int64)
        if not len(ib):
            continue  # cos() does not ask for an empty side
        x, y = _common(ia, ib)
        ex, ey = _expected(ia, ib)
        assert x.tolist() == ex.tolist() and y.tolist() == ey.tolist()
        assert (ia[x] == ib[y]).all()
