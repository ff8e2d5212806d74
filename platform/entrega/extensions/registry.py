"""Loading plugins from the `entrega.plugins` entry points, checking each, and calling them.

A broken plugin stops the app at start-up with a message naming it and what is wrong: a model that
fails later, in front of a delivery unit, is worse than one that never loads.
"""

from __future__ import annotations

import importlib.metadata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import pluggy
from flask import Flask, current_app
from marshmallow import Schema, ValidationError
from packaging.specifiers import InvalidSpecifier, SpecifierSet

import entrega
from entrega.extensions import hookspecs
from entrega.extensions.contract import (
    VOCABULARY_KEYS,
    AssessmentFramework,
    Instrument,
    PeriodCalendar,
    PluginKind,
    PluginManifest,
    ReportTemplate,
    RoutineTemplate,
    StatusRule,
)

ENTRY_POINT_GROUP = "entrega.plugins"


class PluginError(RuntimeError):
    """A plugin that cannot be used; the message names the plugin and the problem."""


@dataclass(frozen=True)
class Plugin:
    manifest: PluginManifest
    module: object

    @property
    def name(self) -> str:
        return self.manifest.name

    def load_config(self, raw: dict[str, Any] | None) -> dict[str, Any]:
        """The plugin's configuration, validated by its own schema; raises marshmallow's ValidationError."""
        if self.manifest.config_schema is None:
            if raw:
                raise ValidationError({"_schema": [f"{self.name} takes no configuration."]})
            return {}
        loaded: dict[str, Any] = self.manifest.config_schema().load(raw or {})
        return loaded


def discover(enabled: Iterable[str] | None = None) -> dict[str, object]:
    """Import the plugins installed under the entry-point group: all of them, or exactly those named."""
    wanted = set(enabled) if enabled is not None else None
    found: dict[str, object] = {}
    for entry_point in importlib.metadata.entry_points(group=ENTRY_POINT_GROUP):
        if wanted is not None and entry_point.name not in wanted:
            continue
        try:
            found[entry_point.name] = entry_point.load()
        except Exception as error:
            raise PluginError(f"plugin {entry_point.name!r} ({entry_point.value}) failed to import: {error}") from error
    if wanted is not None and wanted - set(found):
        missing = ", ".join(sorted(wanted - set(found)))
        raise PluginError(f"plugins not installed (no '{ENTRY_POINT_GROUP}' entry point): {missing}")
    return found


class PluginRegistry:
    """The plugins this process runs with, checked, and a way to call exactly the ones a tenant uses."""

    def __init__(self, modules: dict[str, object]) -> None:
        self._manager = pluggy.PluginManager(hookspecs.PROJECT)
        self._manager.add_hookspecs(hookspecs)
        self._plugins: dict[str, Plugin] = {}
        self._instruments: dict[str, Instrument] = {}
        for name, module in sorted(modules.items()):
            try:
                self._plugins[name] = self._register(name, module)
            except PluginError:
                raise
            except Exception as error:  # whatever a broken plugin raises, name it
                raise PluginError(f"plugin {name!r} is broken: {type(error).__name__}: {error}") from error
        try:
            # A misspelt hook name would otherwise never be called and never be reported.
            self._manager.check_pending()
        except pluggy.PluginValidationError as error:
            raise PluginError(f"a plugin implements a hook that does not exist: {error}") from error

    # -- reading -------------------------------------------------------------------------------
    def __contains__(self, name: object) -> bool:
        return name in self._plugins

    def get(self, name: str) -> Plugin:
        try:
            return self._plugins[name]
        except KeyError:
            raise LookupError(f"no plugin {name!r} is loaded") from None

    def all(self, kind: PluginKind | None = None) -> list[Plugin]:
        return [p for p in self._plugins.values() if kind is None or p.manifest.kind is kind]

    # -- calling -------------------------------------------------------------------------------
    def call_one(self, hook: str, plugin: str, **kwargs: Any) -> Any:
        """The result of one plugin's implementation of `hook` (None when it has none)."""
        results = self._caller(hook, [plugin])(**kwargs)
        if isinstance(results, list):
            return results[0] if results else None
        return results

    def call_each(self, hook: str, plugins_and_kwargs: list[tuple[str, dict[str, Any]]]) -> list[Any]:
        """Call `hook` on each named plugin with its own arguments, in order; skip those without it."""
        out = []
        for plugin, kwargs in plugins_and_kwargs:
            result = self.call_one(hook, plugin, **kwargs)
            if result is not None:
                out.append(result)
        return out

    def _caller(self, hook: str, keep: list[str]) -> Any:
        others = [self._plugins[name].module for name in self._plugins if name not in keep]
        return self._manager.subset_hook_caller(hook, remove_plugins=others)

    # -- checking ------------------------------------------------------------------------------
    def _register(self, name: str, module: object) -> Plugin:
        try:
            self._manager.register(module, name=name)
        except (ValueError, TypeError, pluggy.PluginValidationError) as error:
            raise PluginError(f"plugin {name!r} does not fit the hook specifications: {error}") from error
        implemented = {impl.plugin_name for impl in self._manager.hook.entrega_manifest.get_hookimpls()}
        if name not in implemented:
            raise PluginError(f"plugin {name!r} does not implement entrega_manifest")
        manifests = self._caller("entrega_manifest", [name])()
        manifest = manifests[0] if manifests else None
        if not isinstance(manifest, PluginManifest):
            raise PluginError(f"plugin {name!r}: entrega_manifest must return a PluginManifest")
        if manifest.name != name:
            raise PluginError(f"plugin {name!r}: its manifest calls it {manifest.name!r}; the names must match")
        if "en" not in manifest.title:
            raise PluginError(f"plugin {name!r}: the title needs an English text")
        try:
            supported = SpecifierSet(manifest.platform)
        except InvalidSpecifier as error:
            raise PluginError(f"plugin {name!r}: platform {manifest.platform!r} is not a version specifier") from error
        if not supported.contains(entrega.__version__, prereleases=True):
            raise PluginError(
                f"plugin {name!r} {manifest.version} supports Entrega {manifest.platform}, this is {entrega.__version__}"
            )
        if manifest.config_schema is not None and not (
            isinstance(manifest.config_schema, type) and issubclass(manifest.config_schema, Schema)
        ):
            raise PluginError(f"plugin {name!r}: config_schema must be a marshmallow Schema class")
        plugin = Plugin(manifest, module)
        if manifest.kind is PluginKind.DELIVERY_MODEL:
            self._check_delivery_model(plugin)
        if manifest.kind is PluginKind.INSTRUMENT:
            self._check_instruments(plugin)
        return plugin

    def _check_instruments(self, plugin: Plugin) -> None:
        instruments = self.call_one("entrega_instruments", plugin.name)
        if not instruments or not all(isinstance(i, Instrument) for i in instruments):
            raise PluginError(
                f"instrument plugin {plugin.name!r}: entrega_instruments must return a list of Instrument"
            )
        keys = [instrument.key for instrument in instruments]
        repeated = sorted({key for key in keys if keys.count(key) > 1})
        if repeated:
            raise PluginError(f"instrument plugin {plugin.name!r}: it lists the instrument {repeated[0]!r} twice")
        taken = set(self._instruments)
        for instrument in instruments:
            if instrument.key in taken:
                raise PluginError(
                    f"instrument plugin {plugin.name!r}: another plugin already provides {instrument.key!r}"
                )
            self._instruments[instrument.key] = instrument
            taken.add(instrument.key)

    def instruments(self) -> dict[str, Instrument]:
        """Every diagnostic instrument of the loaded plugins, by key."""
        return dict(self._instruments)

    def _check_delivery_model(self, plugin: Plugin) -> None:
        name = plugin.name
        for hook in hookspecs.REQUIRED_FOR_DELIVERY_MODELS:
            if name not in {impl.plugin_name for impl in getattr(self._manager.hook, hook).get_hookimpls()}:
                raise PluginError(f"delivery model {name!r} does not implement {hook}")
        try:
            config = plugin.load_config({})
        except ValidationError as error:
            raise PluginError(
                f"delivery model {name!r}: its default configuration is invalid: {error.messages}"
            ) from error
        expected = {
            "entrega_assessment_framework": AssessmentFramework,
            "entrega_status_rule": StatusRule,
            "entrega_period_calendar": PeriodCalendar,
        }
        for hook, cls in expected.items():
            if not isinstance(self.call_one(hook, name, config=config), cls):
                raise PluginError(f"delivery model {name!r}: {hook} must return a {cls.__name__}")
        framework: AssessmentFramework = self.call_one("entrega_assessment_framework", name, config=config)
        if len(framework.levels) < 2 or len({level.key for level in framework.levels}) != len(framework.levels):
            raise PluginError(f"delivery model {name!r}: the rating scale needs two or more distinct levels")
        vocabulary = self.call_one("entrega_vocabulary", name, config=config) or {}
        missing = [key for key in VOCABULARY_KEYS if "en" not in vocabulary.get(key, {})]
        if missing:
            raise PluginError(f"delivery model {name!r}: no English word for {', '.join(missing)}")
        for hook, cls in (("entrega_routine_templates", RoutineTemplate), ("entrega_report_templates", ReportTemplate)):
            items = self.call_one(hook, name, config=config)
            if not isinstance(items, list) or not all(isinstance(item, cls) for item in items):
                raise PluginError(f"delivery model {name!r}: {hook} must return a list of {cls.__name__}")


def load(enabled: Iterable[str] | None = None) -> PluginRegistry:
    return PluginRegistry(discover(enabled))


def init_app(app: Flask, enabled: Iterable[str] | None) -> PluginRegistry:
    registry = load(enabled)
    app.extensions["entrega.plugins"] = registry
    return registry


def current_registry() -> PluginRegistry:
    registry: PluginRegistry = current_app.extensions["entrega.plugins"]
    return registry
