"""Export a trained model to ONNX and check it against PyTorch.

The command line lives in ``mmaction_vaerr.tools.deployment.export_onnx``
(importable: the tests call its ``main``); this script only runs it.
"""
import sys

from mmaction_vaerr.tools.deployment.export_onnx import main

if __name__ == '__main__':
    sys.exit(main())
