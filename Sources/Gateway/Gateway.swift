// placeholder: filled by the Gateway work
