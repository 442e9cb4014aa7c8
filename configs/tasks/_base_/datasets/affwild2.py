# Aff-Wild2 (ABAW): videos/<name>.mp4|.avi and
# Annotations/{EXPR_Recognition_Challenge,AU_Detection_Challenge,
# VA_Estimation_Challenge}/{Train_Set,Validation_Set}/<name>.txt.
# Faces: run tools/data/preprocess_faces.py on videos/ (96x96 grey crops,
# same names) into faces/; the challenge's Validation_Set is the test set.
_base_ = ['./frame_labels.py']
data_root = 'data/affwild2'
ann = 'Annotations/'


def _prefix(part):
    return dict(video='faces',
                expr=f'{ann}EXPR_Recognition_Challenge/{part}',
                au=f'{ann}AU_Detection_Challenge/{part}',
                va=f'{ann}VA_Estimation_Challenge/{part}')


train_dataloader = dict(dataset=dict(
    data_root=data_root, data_prefix=_prefix('Train_Set'),
    ann_file=f'{ann}EXPR_Recognition_Challenge/Train_Set'))
val_dataloader = dict(dataset=dict(
    data_root=data_root, data_prefix=_prefix('Validation_Set'),
    ann_file=f'{ann}EXPR_Recognition_Challenge/Validation_Set'))
test_dataloader = val_dataloader
