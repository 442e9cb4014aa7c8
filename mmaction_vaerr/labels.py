"""Names of the categorical labels shared by readers, heads and metrics.

Plain constants (no registration, no imports), so that datasets, models and
evaluation all point down to one definition.

* ``EXPR_CLASSES``: the 8 expression classes of the ABAW Expr track, in the
  id order of Aff-Wild2's ``EXPR_Recognition_Challenge`` files (Kollias et
  al., https://arxiv.org/abs/2303.01498).
* ``ABAW_AUS``: the 12 action units of the ABAW AU track, in the column
  order of Aff-Wild2's ``AU_Detection_Challenge`` files.
* ``COMMON6``: the six basic-emotion classes RAVDESS and CREMA-D share,
  with the ids of ``EXPR_CLASSES`` (used for cross-dataset evaluation).
"""
EXPR_CLASSES = ('neutral', 'anger', 'disgust', 'fear', 'happiness',
                'sadness', 'surprise', 'other')
ABAW_AUS = ('AU1', 'AU2', 'AU4', 'AU6', 'AU7', 'AU10', 'AU12', 'AU15',
            'AU23', 'AU24', 'AU25', 'AU26')
COMMON6 = EXPR_CLASSES[:6]
