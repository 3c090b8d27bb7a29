import keras
import tensorflow as tf


def to_inputs(workload, example):
    return {name: example[name] for name in workload.input_names}


def loss(workload, logits, example):
    labels = tf.convert_to_tensor(example[workload.target_name])
    return tf.reduce_mean(keras.losses.sparse_categorical_crossentropy(labels, tf.cast(logits, tf.float32), from_logits=True))
