// placeholder: filled by the Store work
