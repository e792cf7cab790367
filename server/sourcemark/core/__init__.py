"""Text to labelled spans: segmentation, offsets, the label rules, cues, quotations. Pure: imports nothing of ours outside core/."""
