"""The reader's own project: made by `course init`, filled module by module, graded by checks."""
