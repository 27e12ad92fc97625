"""The letters a review offers now, for the case page's letters panel."""

from django import template

from complaints.letters import letters_for

register = template.Library()


@register.simple_tag
def review_letters(review) -> list[tuple[str, str]]:
    return letters_for(review)
