"""The measurements behind ``tools/benchmark/benchmark.py`` (see
``docs/benchmark.md``): model and plain-PyTorch timings, Runner and data
pipeline throughput, face preprocessing and end-to-end inference, FLOPs,
the machine's matmul peak, and the report. Importing this package imports
no module of it; the command line tool picks the sections it runs."""
