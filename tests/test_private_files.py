"""The session key: never written into a read-only instance folder; the message says to set SECRET_KEY."""

from __future__ import annotations

import os
import stat

import pytest

from portal.private_files import SecretKeyMissing, instance_key


def test_a_key_is_kept_once_with_private_permissions(tmp_path):
    first = instance_key(tmp_path)
    assert instance_key(tmp_path) == first and len(first) == 64
    assert stat.S_IMODE(os.stat(tmp_path / "secret_key").st_mode) == 0o600


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders anyway")
def test_a_read_only_instance_folder_asks_for_secret_key(tmp_path):
    tmp_path.chmod(0o555)
    try:
        with pytest.raises(SecretKeyMissing, match="set SECRET_KEY, the same value on every node"):
            instance_key(tmp_path)
        assert not (tmp_path / "secret_key").exists()
    finally:
        tmp_path.chmod(0o755)


def test_serve_on_a_read_only_mount_stops_with_the_message(small_instance, tmp_path, monkeypatch, capsys):
    """A real read-only bind mount (root can write anywhere else); skipped where mounting is not allowed."""
    import subprocess

    from portal.instance import InstancePaths
    from portal.serve import _prepare

    mount = tmp_path / "ro"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m,ro", "tmpfs", str(mount)], capture_output=True)
    if done.returncode:
        pytest.skip(f"cannot mount a read-only tmpfs here: {done.stderr.decode().strip()}")
    try:
        monkeypatch.delenv("SECRET_KEY", raising=False)
        with pytest.raises(SystemExit) as stopped:
            _prepare(InstancePaths.from_env(mount))
        assert stopped.value.code == 3
        err = capsys.readouterr().err
        assert "set SECRET_KEY" in err and "every node" in err
        assert not (mount / "secret_key").exists()
    finally:
        subprocess.run(["umount", str(mount)], check=False)
