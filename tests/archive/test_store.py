"""Raw bodies are stored by content hash, durably and outside any server-chosen path."""

import hashlib

import pytest

from archive.store import BlobStore


def test_put_get_round_trip_and_dedup(tmp_path):
    store = BlobStore(tmp_path)
    data = "宁夏回族自治区司法厅2018年政府信息公开工作年度报告".encode()
    digest = store.put(data)
    assert digest == hashlib.sha256(data).hexdigest()
    assert store.get(digest) == data
    assert store.put(data) == digest
    assert len(list(tmp_path.rglob("*"))) == 2  # one folder, one file
    assert store.relative(digest) == f"{digest[:2]}/{digest}"


@pytest.mark.parametrize("bad", ["../../etc/passwd", "a" * 64 + "/..", "ABC", ""])
def test_paths_come_only_from_digests(tmp_path, bad):
    with pytest.raises(ValueError):
        BlobStore(tmp_path).path_for(bad)
