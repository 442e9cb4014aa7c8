# CREMA-D clips, ActorID_Sentence_Emotion_Level.flv (6 emotions, in ABAW
# order). Actor-disjoint: 1001-1063 train, 1064-1077 val, 1078-1091 test.
_base_ = ['./clip_emotion.py']
data_root = 'data/crema-d'
common = dict(data_root=data_root, data_prefix=dict(video='faces'),
              naming='crema_d', label_set='native')
train_dataloader = dict(dataset=dict(actors=list(range(1001, 1064)),
                                     **common))
val_dataloader = dict(dataset=dict(actors=list(range(1064, 1078)), **common))
test_dataloader = dict(dataset=dict(actors=list(range(1078, 1092)), **common))
classes = ('neutral', 'anger', 'disgust', 'fear', 'happiness', 'sadness')
val_evaluator = dict(type='UARWARMetric', class_names=classes)
test_evaluator = val_evaluator
