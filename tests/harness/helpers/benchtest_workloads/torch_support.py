import torch
from torch.nn import functional as F


def to_inputs(workload, example):
    return {name: torch.as_tensor(example[name]) for name in workload.input_names}


def loss(workload, logits, example):
    return F.cross_entropy(logits.float(), torch.as_tensor(example[workload.target_name], device=logits.device))
