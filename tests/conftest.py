from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ACTS = ROOT / "portal" / "fixtures" / "acts"
ARTIFACTS = ROOT / "test-artifacts"


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture(scope="session")
def act_000_path() -> Path:
    return ACTS / "000_04a4b0dd9774c7c6.txt"


@pytest.fixture(scope="session")
def act_003_path() -> Path:
    return ACTS / "003_b299304cea067258.txt"
