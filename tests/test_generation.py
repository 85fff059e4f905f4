import pytest

from askbot.generation import make_generator
from askbot.settings import Settings


def test_extractive_mode_has_no_generator():
    assert make_generator(Settings(generator="extractive")) is None


def test_an_unknown_generator_is_named_with_the_choices():
    with pytest.raises(ValueError, match="'llama-server' or 'extractive'"):
        make_generator(Settings(generator="llama-cpp"))


def test_the_default_generator_is_llama_cpps_server_engine():
    gen = make_generator(Settings())
    assert gen.name.startswith("llama-server:") and gen._server is None  # the model loads on first use
