"""The shared domain: record kinds, validators, Vietnamese text folding, administrative units
and the contribution rules over dated rates. Pure Python, no Qt, no I/O beyond reference data."""
