# RAVDESS video clips (modality 01 AV and 02 video-only, speech and song),
# Actor_XX/MM-VV-EE-II-SS-RR-AA.mp4. Actor-disjoint: 1-16 train, 17-20
# val, 21-24 test (balanced: two male, two female actors in each of val/test).
_base_ = ['./clip_emotion.py']
data_root = 'data/ravdess'
common = dict(data_root=data_root, data_prefix=dict(video='faces'),
              naming='ravdess', label_set='native')
train_dataloader = dict(dataset=dict(actors=list(range(1, 17)), **common))
val_dataloader = dict(dataset=dict(actors=list(range(17, 21)), **common))
test_dataloader = dict(dataset=dict(actors=list(range(21, 25)), **common))
classes = ('neutral', 'calm', 'happy', 'sad', 'angry', 'fearful', 'disgust',
           'surprised')
val_evaluator = dict(type='UARWARMetric', class_names=classes)
test_evaluator = val_evaluator
