// placeholder: filled by the Simulators work
