from .assessment import ChoiceQuestionBlock, QuestionStreamBlock
from .content import BodyBlock

__all__ = ["BodyBlock", "ChoiceQuestionBlock", "QuestionStreamBlock"]
