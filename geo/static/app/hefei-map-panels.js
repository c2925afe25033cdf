/*
 * Hefei plan maps: the panel framework, its icons and shared controls (MIT licence).
 *
 * Every panel is a button and a body. On a wide screen the main panels start
 * open; below 800 px every panel starts collapsed to a 44 px button and opens
 * as a sheet over the bottom of the map, one at a time. Also the panels' icons
 * and shared controls (checkbox, count). No Python counterpart.
 */
(function (global) {
  'use strict';

  var L = global.L, HM = global.HefeiMap,
    esc = HM.esc, bi = HM.bi;

  var ICONS = {
    layers: '<path d="M12 3l9 5-9 5-9-5z M3 13l9 5 9-5" fill="none" stroke="currentColor" stroke-width="2" stroke-linejoin="round"/>',
    legend: '<path d="M4 6h3M10 6h10M4 12h3M10 12h10M4 18h3M10 18h10" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round"/>',
    search: '<circle cx="10.5" cy="10.5" r="6" fill="none" stroke="currentColor" stroke-width="2"/><path d="M15 15l5.5 5.5" stroke="currentColor" stroke-width="2.4" stroke-linecap="round"/>',
    list: '<path d="M8 6h12M8 12h12M8 18h12" stroke="currentColor" stroke-width="2" stroke-linecap="round"/><circle cx="4" cy="6" r="1.4" fill="currentColor"/><circle cx="4" cy="12" r="1.4" fill="currentColor"/><circle cx="4" cy="18" r="1.4" fill="currentColor"/>',
    links: '<path d="M12 3v11M7 9l5 5 5-5M4 20h16" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round"/>',
    density: '<path d="M4 20V10M10 20V4M16 20v-7M21 20H3" fill="none" stroke="currentColor" stroke-width="2.2" stroke-linecap="round"/>',
    ruler: '<path d="M3 15.5L15.5 3 21 8.5 8.5 21z M7 11.5l2 2 M9.5 9l1.5 1.5 M12 6.5l2 2 M14.5 4l1.5 1.5" fill="none" stroke="currentColor" stroke-width="1.6" stroke-linejoin="round"/>'
  };
  HM.ICONS = ICONS;

  function svg(name, size) {
    return '<svg viewBox="0 0 24 24" width="' + (size || 20) + '" height="' + (size || 20) + '" aria-hidden="true" focusable="false">' + ICONS[name] + '</svg>';
  }
  HM.svg = svg;

  // ------------------------------------------------------------- panel framework

  // Clicks inside a control never reach the map: Leaflet would take two quick taps on two
  // different buttons for a double tap on the map and zoom in.
  function stopClicks(el) {
    L.DomEvent.disableClickPropagation(el);
    L.DomEvent.on(el, 'click', L.DomEvent.stopPropagation);
  }
  HM.stopClicks = stopClicks;

  HM.panel = function (state, opts) {
    var Panel = L.Control.extend({
      options: { position: opts.position },
      onAdd: function () {
        var c = L.DomUtil.create('div', 'hm-panel hm-p-' + opts.key + (opts.className ? ' ' + opts.className : ''));
        var btn = L.DomUtil.create('button', 'hm-toggle', c);
        btn.type = 'button';
        btn.id = 'hm-t-' + opts.key;
        btn.setAttribute('aria-controls', 'hm-b-' + opts.key);
        btn.setAttribute('aria-label', opts.zh + ' ' + opts.en);
        btn.innerHTML = svg(opts.icon) + '<span class="hm-tl">' + bi(opts.zh, opts.en) + '</span><span class="hm-chev" aria-hidden="true"></span>';
        var body = L.DomUtil.create('div', 'hm-body', c);
        body.id = 'hm-b-' + opts.key;
        body.setAttribute('role', 'region');
        body.setAttribute('aria-labelledby', btn.id);
        if (opts.closeButton !== false) {
          var close = L.DomUtil.create('button', 'hm-close', body);
          close.type = 'button';
          close.setAttribute('aria-label', '关闭 Close');
          close.innerHTML = '<span aria-hidden="true">×</span>';
          L.DomEvent.on(close, 'click', function () { panel.setOpen(false); btn.focus(); });
        }
        var inner = L.DomUtil.create('div', 'hm-inner', body);
        stopClicks(c);
        L.DomEvent.disableScrollPropagation(c);
        panel.container = c; panel.button = btn; panel.body = inner; panel.region = body;
        L.DomEvent.on(btn, 'click', function () { panel.setOpen(!panel.open); });
        L.DomEvent.on(c, 'keydown', function (e) {
          if (e.key === 'Escape' && panel.open && HM.narrow()) { panel.setOpen(false); btn.focus(); }
        });
        if (opts.build) { opts.build(inner, panel); }
        if (opts.first) {
          var corner = this._map && this._map._controlCorners[opts.position];
          if (corner) { setTimeout(function () { corner.insertBefore(c, corner.firstChild); }, 0); }
        }
        panel.setOpen(HM.narrow() ? false : opts.open !== false, true);
        return c;
      }
    });
    var panel = {
      key: opts.key, open: false,
      setOpen: function (open, initial) {
        panel.open = !!open;
        L.DomUtil[open ? 'addClass' : 'removeClass'](panel.container, 'hm-open');
        panel.button.setAttribute('aria-expanded', open ? 'true' : 'false');
        panel.region.hidden = !open;
        if (open && HM.narrow() && !initial) {
          state.panels.forEach(function (p) { if (p !== panel && p.open) { p.setOpen(false); } });
          L.DomUtil.addClass(state.map.getContainer(), 'hm-sheet-open');
        } else if (HM.narrow() && !state.panels.some(function (p) { return p.open; })) {
          L.DomUtil.removeClass(state.map.getContainer(), 'hm-sheet-open');
        }
        if (opts.onToggle) { opts.onToggle(panel.open); }
      }
    };
    state.panels.push(panel);
    new Panel().addTo(state.map);
    return panel;
  };

  HM.closeSheets = function (state) {
    if (!HM.narrow()) { return; }
    state.panels.forEach(function (p) { if (p.open) { p.setOpen(false); } });
  };

  // ------------------------------------------------------------- shared controls

  function checkbox(parent, id, html, checked, onChange) {
    var row = L.DomUtil.create('label', 'hm-check', parent);
    row.htmlFor = id;
    var input = L.DomUtil.create('input', '', row);
    input.type = 'checkbox'; input.id = id; input.checked = !!checked;
    var text = L.DomUtil.create('span', 'hm-check-t', row);
    text.innerHTML = html;
    L.DomEvent.on(input, 'change', function () { onChange(input.checked); });
    return input;
  }
  HM.checkbox = checkbox;

  function count(n) { return n === null || n === undefined ? '' : ' <span class="hm-n">' + n + '</span>'; }
  HM.count = count;
}(window));
