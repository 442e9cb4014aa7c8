# SS-VAERR downstream on SEWA (AVEC 2019 CES), from scratch, in the paper's
# setting (configs/_base_/paper/sewa.py): composite loss 0.5 CCC + 0.25 CE +
# 0.25 MSE. The tables' configs: table2/, table3/, table4/.
_base_ = ['../_base_/paper/sewa.py']
