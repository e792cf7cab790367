"""A model folder to scores: loading, batching, the torch and onnx engines, the int8 export, versions, and analyze (core + scores)."""
