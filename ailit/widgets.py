"""Interactive demos for lessons: a teacher moves a slider and sees the model change."""
from __future__ import annotations

from ailit.lm import generate, plot_next_words
from ailit.text import t


def temperature_explorer(prompt: str, model: str = "tiny", k: int = 10, max_new_tokens: int = 20) -> None:
    """A temperature slider and a seed picker: re-plots next-word probabilities and re-samples."""
    import ipywidgets as widgets
    import matplotlib.pyplot as plt
    from IPython.display import display

    temperature = widgets.FloatSlider(
        value=1.0, min=0.1, max=2.0, step=0.1, description=t("widgets.temperature"), continuous_update=False
    )
    seed = widgets.IntSlider(value=0, min=0, max=9, description=t("widgets.seed"), continuous_update=False)
    output = widgets.Output()

    def redraw(_change=None) -> None:
        with output:
            output.clear_output(wait=True)
            fig, ax = plt.subplots(figsize=(6, 0.35 * k + 1.2))
            plot_next_words(prompt, k=k, model=model, temperature=temperature.value, ax=ax)
            plt.show(fig)
            continuation = generate(prompt, max_new_tokens=max_new_tokens, temperature=temperature.value, seed=seed.value, model=model)
            print(t("widgets.sample", prompt=prompt, continuation=continuation))

    temperature.observe(redraw, names="value")
    seed.observe(redraw, names="value")
    redraw()
    display(widgets.VBox([widgets.HBox([temperature, seed]), output]))


def live_check(check, text: str = "", height: str = "10em", placeholder: str = ""):
    """A text box and the HTML of ``check(text)`` below it, redone while the teacher types."""
    import ipywidgets as widgets

    box = widgets.Textarea(value=text, placeholder=placeholder, continuous_update=True,
                           layout=widgets.Layout(width="98%", height=height))
    result = widgets.HTML()

    def update(_change=None) -> None:
        result.value = check(box.value)._repr_html_()

    box.observe(update, names="value")
    update()
    return widgets.VBox([box, result])
