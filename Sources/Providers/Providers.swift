// placeholder: filled by the Providers work
