// Placeholder until this target has files.
