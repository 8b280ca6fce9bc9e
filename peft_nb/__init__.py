__version__ = "0.1.0"

# before any module imports peft or bitsandbytes: filter the known library noise (see core, "Known library noise")
from .core import silence_known_noise
