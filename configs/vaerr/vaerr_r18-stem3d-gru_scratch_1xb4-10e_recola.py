# SS-VAERR downstream on RECOLA (AVEC 2016/2018), from scratch, in the
# paper's setting (configs/_base_/paper/recola.py): arousal 0.66 CCC + 0.34
# CE, valence 1.0 CCC. The tables' configs: table2/, table3/, table4/.
_base_ = ['../_base_/paper/recola.py']
