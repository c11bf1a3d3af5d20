"""Occupations, their competency profiles and labour figures, and career pathways."""
