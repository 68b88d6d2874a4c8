"""The Trajecten section: coaching trajectories, their plans, signing and printing."""

from desktop.views.trajectories.section import TrajectoriesSection

__all__ = ["TrajectoriesSection"]
