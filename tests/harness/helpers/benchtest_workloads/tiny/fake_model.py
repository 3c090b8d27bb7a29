def build(cfg: dict):
    return None
