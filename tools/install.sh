#!/usr/bin/env bash
# Install mmaction_vaerr and its OpenMMLab stack into ./.venv (or $VENV).
#
# The order and pins below are the measured ones (see docs/install.md):
#   * torch is pinned first so pip takes the CPU wheel instead of pulling CUDA;
#   * setuptools 77..80 (torch needs >=77.0.3, mim/mmengine need pkg_resources);
#   * mmcv-lite (no compiled ops needed), mmaction2 1.2.0 (its PyPI wheel lacks
#     localizers/drn, which mmaction_vaerr.compat supplies at import time);
#   * opencv-python and opencv-contrib-python pinned to the same 4.x;
#   * openmim without its opendatalab dependency (it downgrades setuptools).
# Usage: bash tools/install.sh [--dev]
#   default: the package + the face extra (dlib's offline detector/landmarks,
#   which the main job's real-face set and the demos need); --dev adds the
#   test and export extras
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=${VENV:-.venv}
PY=${PYTHON:-python3}
EXTRAS="[face]"
if [[ "${1:-}" == "--dev" ]]; then EXTRAS="[tests,face,export]"; fi

[[ -x "$VENV/bin/python" ]] || "$PY" -m venv "$VENV"
PIP="$VENV/bin/python -m pip --disable-pip-version-check -q"
$PIP install "setuptools>=77.0.3,<81" wheel
$PIP install "torch==${TORCH_VERSION:-2.13.0}"
$PIP install --no-deps openmim==0.3.9
$PIP install click colorama model-index pandas requests rich tabulate
$PIP install mmengine==0.10.7 mmcv-lite==2.1.0 mmaction2==1.2.0 importlib-metadata \
    opencv-python==4.14.0.94 opencv-contrib-python==4.14.0.94
$PIP install -e ".${EXTRAS}"
echo "mmaction_vaerr installed in $VENV"
