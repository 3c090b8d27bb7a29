"""The data layer: typed models of every file under ``data/``, loaders and validation.

It imports no deep learning framework and no plotting library, so that both the
harness and the site can use it.
"""

from .load import DataError, Dataset, load_dataset, load_file, load_run
from .yamlsafe import DataFileError

__all__ = ["DataError", "DataFileError", "Dataset", "load_dataset", "load_file", "load_run"]
