/*
 * Hefei plan maps: the layers & filters panel (MIT licence).
 *
 * Base maps as radio buttons, then one fieldset per chapter of the plan (and one
 * for the reference layers) with a checkbox per layer, an all/none checkbox and
 * a fold button; the filters (hefei-map-time.js) go below. Chapters and counts
 * come from cfg.chapters and cfg.counts (geo/maps/_page.py, CHAPTERS in
 * geo/maps/_style.py).
 */
(function (global) {
  'use strict';

  var L = global.L, HM = global.HefeiMap,
    esc = HM.esc, bi = HM.bi, checkbox = HM.checkbox, count = HM.count;

  function layersPanel(state) {
    var cfg = state.cfg;
    return HM.panel(state, {
      key: 'layers', position: 'topright', icon: 'layers', zh: '图层与筛选', en: 'Layers & filters', open: true,
      build: function (body) {
        state.layerInputs = {};
        var bases = L.DomUtil.create('fieldset', 'hm-fs', body);
        bases.innerHTML = '<legend>底图 <span class="hm-en">Basemap</span></legend>';
        state.bases.forEach(function (b) {
          var row = L.DomUtil.create('label', 'hm-check', bases), id = 'hm-base-' + b.key;
          row.htmlFor = id;
          var input = L.DomUtil.create('input', '', row);
          input.type = 'radio'; input.name = 'hm-base'; input.id = id; input.value = b.key;
          input.checked = b.key === state.base;
          L.DomUtil.create('span', 'hm-check-t', row).innerHTML = bi(b.zh, b.en);
          L.DomEvent.on(input, 'change', function () { if (input.checked) { HM.setBase(state, b.key); } });
          b.input = input;
        });
        var groups = cfg.chapters.map(function (ch) {
          return { key: ch.key, zh: ch.zh, en: ch.en, items: ch.layers.map(function (name) {
            var spec = cfg.style.layers[name];
            return { key: name, zh: spec.zh, en: spec.en, n: cfg.counts[name] };
          }) };
        });
        var refs = [];
        if (state.overlays.existing_network) { refs.push({ key: 'existing_network', zh: '现状路网', en: 'Existing network', n: cfg.network.count }); }
        if (state.overlays.boundary) { refs.push({ key: 'boundary', zh: '合肥市界', en: 'Hefei boundary' }); }
        if (state.overlays.counties) { refs.push({ key: 'counties', zh: '县区', en: cfg.density ? 'County-level units, density shading' : 'County-level units' }); }
        if (state.overlays.orientation) { refs.push({ key: 'orientation', zh: '巢湖与河流', en: 'Chaohu & rivers (schematic)' }); }
        if (refs.length) { groups.push({ key: 'reference', zh: '参考', en: 'Reference', items: refs }); }
        groups.forEach(function (g) {
          var fs = L.DomUtil.create('fieldset', 'hm-fs hm-chapter', body);
          fs.setAttribute('data-chapter', g.key);
          var head = L.DomUtil.create('div', 'hm-ch-head', fs);
          var list = L.DomUtil.create('div', 'hm-ch-list', fs);
          list.id = 'hm-ch-' + g.key;
          var all = checkbox(head, 'hm-all-' + g.key, '<b>' + esc(g.zh) + '</b> <span class="hm-en">' + esc(g.en) + ' — all</span>', true, function (on) {
            g.items.forEach(function (it) { HM.setLayer(state, it.key, on); });
          });
          all.className = 'hm-all';
          var fold = L.DomUtil.create('button', 'hm-fold', head);
          fold.type = 'button';
          fold.setAttribute('aria-expanded', 'true');
          fold.setAttribute('aria-controls', list.id);
          fold.setAttribute('aria-label', '折叠 Fold ' + g.en);
          fold.innerHTML = '<span aria-hidden="true">▾</span>';
          L.DomEvent.on(fold, 'click', function () {
            var open = fold.getAttribute('aria-expanded') !== 'true';
            fold.setAttribute('aria-expanded', open ? 'true' : 'false');
            fold.setAttribute('aria-label', (open ? '折叠 Fold ' : '展开 Unfold ') + g.en);
            list.hidden = !open;
          });
          g.items.forEach(function (it) {
            var input = checkbox(list, 'hm-layer-' + it.key,
              '<span class="hm-lc" data-layer="' + esc(it.key) + '">' + bi(it.zh, it.en) + count(it.n) + '</span>',
              HM.layerOn(state, it.key), function (on) { HM.setLayer(state, it.key, on); });
            input.setAttribute('data-layer', it.key);
            state.layerInputs[it.key] = input;
          });
          g.all = all;
        });
        state.layerGroupsUi = groups;
        state.filterBox = L.DomUtil.create('div', 'hm-filters', body);
      }
    });
  }

  function syncLayerInputs(state) {
    Object.keys(state.layerInputs || {}).forEach(function (k) { state.layerInputs[k].checked = HM.layerOn(state, k); });
    (state.layerGroupsUi || []).forEach(function (g) {
      var on = g.items.filter(function (it) { return HM.layerOn(state, it.key); }).length;
      g.all.checked = on === g.items.length;
      g.all.indeterminate = on > 0 && on < g.items.length;
    });
    state.bases.forEach(function (b) { if (b.input) { b.input.checked = b.key === state.base; } });
  }
  HM.syncLayerInputs = syncLayerInputs;

  HM.layersPanel = layersPanel;
}(window));
