// The sunplan offline map page: draws window.SUNPLAN_DATA (written by map_page.cpp) with
// Leaflet. No network: no tiles, no fonts, no scripts from elsewhere.
// Tests drive it through window.sunplanPage (map, layers, setLang, setField, showTownship).
(function () {
  'use strict';
  var data = window.SUNPLAN_DATA;
  var TEXT = {
    zh: {
      layers: '图层', field: '着色指标', lang: 'English', noData: '无数据', figures: '指标',
      townships: '乡镇街道', counties: '县区', bases: '服务阵地', catchments: '服务范围',
      gaps: '服务空白', sites: '新选址', site_catchments: '新选址服务范围', youth_grid: '青少年网格（聚合）',
      existing: '已建', planned: '规划', candidate: '候选', status: '状态', type: '类型',
      privacy_aggregate: '隐私：仅聚合数据', privacy_individual: '隐私：不含个人点位',
      close: '关闭', basesLegend: '服务阵地（实心：已建；虚线：规划；空心：候选）',
      gapLegend: '服务空白（有未服务青少年的区域）', suppressed: '少于 {k} 人，不公开'
    },
    en: {
      layers: 'Layers', field: 'Colour by', lang: '中文', noData: 'no data', figures: 'Figures',
      townships: 'Townships', counties: 'Counties', bases: 'Service bases', catchments: 'Catchments',
      gaps: 'Gaps', sites: 'New sites', site_catchments: 'New sites\u2019 catchments', youth_grid: 'Youth grid (aggregate)',
      existing: 'existing', planned: 'planned', candidate: 'candidate', status: 'status', type: 'type',
      privacy_aggregate: 'Privacy: aggregate figures only', privacy_individual: 'Privacy: no individual points',
      close: 'close', basesLegend: 'Bases (filled: existing; dashed: planned; hollow: candidate)',
      gapLegend: 'Gaps (areas with unserved youth)', suppressed: 'fewer than {k}, not published'
    }
  };
  // Field labels; a field not listed shows its own name.
  var FIELDS = {
    code: ['代码', 'code'], name: ['名称', 'name'], county: ['所属县区', 'county'],
    urban_rural: ['城乡', 'urban/rural'], urban_rule: ['城乡判定', 'urban rule'],
    youth: ['青少年', 'youth'], in_reach: ['服务范围内', 'in reach'], served: ['已服务', 'served'],
    unserved: ['未服务', 'unserved'], unserved_no_base: ['未服务：无阵地可达', 'unserved: no base in reach'],
    unserved_full: ['未服务：阵地已满', 'unserved: bases full'], reach_rate: ['覆盖率', 'reach rate'],
    served_rate: ['服务率', 'served rate'], urban_youth: ['城镇青少年', 'urban youth'],
    urban_served: ['城镇已服务', 'urban served'], rural_youth: ['农村青少年', 'rural youth'],
    rural_served: ['农村已服务', 'rural served'], mean_nearest_m: ['到最近阵地平均距离（米）', 'mean to nearest (m)'],
    p90_nearest_m: ['到最近阵地 90% 距离（米）', 'p90 to nearest (m)'],
    mean_nearest_min: ['到最近阵地平均时间（分钟）', 'mean to nearest (min)'],
    p90_nearest_min: ['到最近阵地 90% 时间（分钟）', 'p90 to nearest (min)'],
    accessibility: ['可达性', 'accessibility'], bases_existing: ['已建阵地', 'bases (existing)'],
    bases_candidate: ['候选阵地', 'bases (candidate)'], gap_rank: ['空白排名', 'gap rank'],
    gap_reason: ['空白原因', 'gap reason'], suppressed: ['已隐去', 'suppressed'],
    id: ['编号', 'id'], type_zh: ['类型', 'type'], status: ['状态', 'status'], capacity: ['容量', 'capacity'],
    load: ['服务人数', 'load'], radius_m: ['服务半径（米）', 'radius (m)'], cutoff_min: ['服务时间（分钟）', 'cutoff (min)'],
    township: ['所在乡镇', 'township'], rank: ['顺序', 'rank'], marginal_gain: ['新增覆盖', 'newly in reach']
  };
  var lang = /^zh/i.test(navigator.language || '') ? 'zh' : 'en';
  var hashLang = /lang=(zh|en)/.exec(location.hash);
  if (hashLang) lang = hashLang[1];
  function t(key) { return TEXT[lang][key] || key; }
  function label(field) { return FIELDS[field] ? FIELDS[field][lang === 'zh' ? 0 : 1] : field; }
  function esc(s) {
    return String(s).replace(/[&<>"']/g, function (c) {
      return {'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;'}[c];
    });
  }

  // ColorBrewer RdYlGn, 5 classes (the report's and the GeoPackage style's served-rate ramp).
  var RAMP = ['rgb(215,25,28)', 'rgb(253,174,97)', 'rgb(255,255,191)', 'rgb(166,217,106)', 'rgb(26,150,65)'];
  var NO_DATA = 'rgb(220,220,220)';
  var layersData = data.layers;
  var towns = layersData.townships;
  var map = L.map('map', {preferCanvas: towns && towns.features.length > 3000, zoomSnap: 0.25,
                          attributionControl: false});
  L.control.scale({imperial: false}).addTo(map);

  function isRate(f) { return /_rate$/.test(f); }
  // Higher is worse for these: the ramp runs the other way.
  function reversed(f) { return /^unserved/.test(f) || /_(m|min)$/.test(f); }
  var field = 'served_rate';
  var domain = [0, 1];
  function computeDomain() {
    if (isRate(field)) { domain = [0, 1]; return; }
    var lo = Infinity, hi = -Infinity;
    towns.features.forEach(function (ft) {
      var v = ft.properties[field];
      if (typeof v === 'number') { lo = Math.min(lo, v); hi = Math.max(hi, v); }
    });
    domain = lo <= hi ? [lo, hi] : [0, 1];
  }
  function classOf(v) {
    if (typeof v !== 'number') return -1;
    var span = domain[1] - domain[0];
    var k = span > 0 ? Math.floor(5 * (v - domain[0]) / span) : 4;
    k = Math.max(0, Math.min(4, k));
    return reversed(field) ? 4 - k : k;
  }
  function colourOf(v) { var k = classOf(v); return k < 0 ? NO_DATA : RAMP[k]; }
  function fmt(f, v) {
    if (v === null || v === undefined || v === '') return '–';
    if (typeof v !== 'number') return String(v);
    if (isRate(f)) return (100 * v).toFixed(1) + ' %';
    if (Number.isInteger(v)) return v.toLocaleString('en-US');
    return v.toFixed(1);
  }

  var layers = {};
  var selected = null;
  function townStyle(ft) {
    return {color: '#555', weight: 0.8, fillOpacity: 0.85, fillColor: colourOf(ft.properties[field])};
  }
  function showFigures(props, fields, titleText) {
    var info = document.getElementById('info');
    var rows = fields.map(function (f) {
      var v = props[f.name];
      return '<tr data-field="' + esc(f.name) + '"><th>' + esc(label(f.name)) + '</th><td data-value="' +
             esc(v === null || v === undefined ? '' : v) + '">' + esc(fmt(f.name, v)) + '</td></tr>';
    }).join('');
    info.innerHTML = '<button class="sp-close" title="' + esc(t('close')) + '">×</button><h2>' + esc(titleText) +
                     '</h2><table>' + rows + '</table>';
    info.style.display = 'block';
    info.querySelector('.sp-close').onclick = function () { info.style.display = 'none'; };
  }
  function showTownship(layer) {
    if (selected) layers.townships.resetStyle(selected);
    selected = layer;
    layer.setStyle({weight: 3, color: '#000'});
    var p = layer.feature.properties;
    document.getElementById('info').dataset.code = p.code;
    showFigures(p, towns.fields, (p.name || '') + ' ' + (p.code || ''));
  }

  if (towns) {
    layers.townships = L.geoJSON(towns, {
      style: townStyle,
      onEachFeature: function (ft, layer) {
        layer.on('click', function () { showTownship(layer); });
        layer.bindTooltip(function () { return esc(ft.properties.name || '') + ': ' + esc(fmt(field, ft.properties[field])); },
                          {sticky: true});
      }
    });
  }
  if (layersData.youth_grid) {
    var maxYouth = 0;
    layersData.youth_grid.features.forEach(function (ft) { maxYouth = Math.max(maxYouth, ft.properties.youth || 0); });
    layers.youth_grid = L.geoJSON(layersData.youth_grid, {
      style: function (ft) {
        var v = ft.properties.youth;
        var a = typeof v === 'number' && maxYouth > 0 ? 0.15 + 0.7 * v / maxYouth : 0.1;
        return {color: '#6a51a3', weight: 0.3, fillColor: typeof v === 'number' ? '#6a51a3' : '#999', fillOpacity: a};
      },
      onEachFeature: function (ft, layer) {
        layer.on('click', function (e) {
          L.DomEvent.stopPropagation(e);
          showFigures(ft.properties, layersData.youth_grid.fields, t('youth_grid'));
        });
      }
    });
  }
  if (layersData.catchments)
    layers.catchments = L.geoJSON(layersData.catchments, {interactive: false,
      style: {color: 'rgb(49,130,189)', weight: 0.8, fillColor: 'rgb(49,130,189)', fillOpacity: 0.12}});
  if (layersData.site_catchments)
    layers.site_catchments = L.geoJSON(layersData.site_catchments, {interactive: false,
      style: {color: 'rgb(215,25,28)', weight: 1, dashArray: '4 3', fillOpacity: 0.08}});
  if (layersData.gaps)
    layers.gaps = L.geoJSON(layersData.gaps, {interactive: false,
      style: {color: 'rgb(215,25,28)', weight: 1.5, dashArray: '5 3', fillColor: 'rgb(215,25,28)', fillOpacity: 0.3}});
  if (layersData.counties)
    layers.counties = L.geoJSON(layersData.counties, {interactive: false,
      style: {color: '#222', weight: 2.2, fill: false}});
  function pointLayer(name, styleOf) {
    var d = layersData[name];
    return L.geoJSON(d, {
      pointToLayer: function (ft, latlng) { return L.circleMarker(latlng, styleOf(ft.properties)); },
      onEachFeature: function (ft, layer) {
        layer.on('click', function (e) {
          L.DomEvent.stopPropagation(e);
          showFigures(ft.properties, d.fields, (ft.properties.name || '') + ' ' + (ft.properties.id || ''));
        });
      }
    });
  }
  if (layersData.bases)
    layers.bases = pointLayer('bases', function (p) {
      var c = data.base_types[p.type] ? 'rgb(' + data.base_types[p.type].rgb + ')' : '#777';
      return {radius: 6, color: '#222', weight: 1, fillColor: c,
              fillOpacity: p.status === 'candidate' ? 0.15 : 0.95,
              dashArray: p.status === 'planned' ? '3 2' : null};
    });
  if (layersData.sites)
    layers.sites = pointLayer('sites', function () {
      return {radius: 8, color: 'rgb(215,25,28)', weight: 3, fillColor: 'rgb(255,215,0)', fillOpacity: 1};
    });

  var visible = {};
  data.order.forEach(function (name) { if (layers[name]) { visible[name] = true; layers[name].addTo(map); } });
  var bounds = layers.townships ? layers.townships.getBounds() : null;
  if (bounds && bounds.isValid()) map.fitBounds(bounds, {padding: [10, 10]});
  else map.setView([35, 105], 4);

  function restack() {
    data.order.forEach(function (name) { if (layers[name] && visible[name]) layers[name].bringToFront(); });
  }
  function numericFields() {
    return towns ? towns.fields.filter(function (f) { return f.numeric; }).map(function (f) { return f.name; }) : [];
  }
  function renderPanel() {
    var panel = document.getElementById('panel');
    var html = '<h1>' + esc(data.title) + '</h1><div class="sp-meta">' + esc(data.software) + ' · ' +
               esc(t('privacy_' + data.privacy)) + '</div><button id="sp-lang">' + esc(t('lang')) + '</button>';
    if (towns) {
      html += '<div><b>' + esc(t('field')) + '</b><br><select id="sp-field">' + numericFields().map(function (f) {
        return '<option value="' + esc(f) + '"' + (f === field ? ' selected' : '') + '>' + esc(label(f)) + '</option>';
      }).join('') + '</select></div>';
    }
    html += '<div><b>' + esc(t('layers')) + '</b>' + data.order.map(function (name) {
      return '<label><input type="checkbox" data-layer="' + esc(name) + '"' + (visible[name] ? ' checked' : '') +
             '> ' + esc(t(name)) + '</label>';
    }).join('') + '</div>';
    panel.innerHTML = html;
    document.getElementById('sp-lang').onclick = function () { setLang(lang === 'zh' ? 'en' : 'zh'); };
    var sel = document.getElementById('sp-field');
    if (sel) sel.onchange = function () { setField(sel.value); };
    panel.querySelectorAll('input[data-layer]').forEach(function (box) {
      box.onchange = function () {
        var name = box.dataset.layer;
        visible[name] = box.checked;
        if (box.checked) { layers[name].addTo(map); restack(); } else map.removeLayer(layers[name]);
      };
    });
  }
  function renderLegend() {
    var html = '';
    if (towns) {
      html += '<h2>' + esc(label(field)) + '</h2>';
      for (var k = 0; k < 5; ++k) {
        var c = reversed(field) ? 4 - k : k;
        var lo = domain[0] + (domain[1] - domain[0]) * c / 5, hi = domain[0] + (domain[1] - domain[0]) * (c + 1) / 5;
        html += '<div class="sp-class" data-class="' + k + '"><span class="sp-swatch" style="background:' + RAMP[k] +
                '"></span>' + esc(fmt(field, lo)) + ' – ' + esc(fmt(field, hi)) + '</div>';
      }
      html += '<div><span class="sp-swatch" style="background:' + NO_DATA + '"></span>' + esc(t('noData')) + '</div>';
    }
    if (layers.bases) {
      html += '<h2>' + esc(t('basesLegend')) + '</h2>';
      var present = {};
      layersData.bases.features.forEach(function (ft) { present[ft.properties.type] = true; });
      Object.keys(data.base_types).forEach(function (type) {
        if (!present[type]) return;
        var bt = data.base_types[type];
        html += '<div><span class="sp-dot" style="background:rgb(' + bt.rgb + ')"></span>' +
                esc(lang === 'zh' ? bt.zh : type.replace(/_/g, ' ')) + '</div>';
      });
    }
    if (layers.gaps)
      html += '<div><span class="sp-swatch" style="background:rgba(215,25,28,0.35);border-color:rgb(215,25,28)"></span>' +
              esc(t('gapLegend')) + '</div>';
    document.getElementById('legend').innerHTML = html;
  }
  function setField(f) {
    field = f;
    computeDomain();
    if (layers.townships) layers.townships.setStyle(townStyle);
    if (selected) selected.setStyle({weight: 3, color: '#000'});
    renderLegend();
  }
  function setLang(l) {
    lang = l;
    document.documentElement.lang = l === 'zh' ? 'zh-CN' : 'en';
    renderPanel();
    renderLegend();
    if (selected) showTownship(selected);
  }
  function townshipLayer(code) {
    var found = null;
    if (layers.townships) layers.townships.eachLayer(function (l) { if (l.feature.properties.code === code) found = l; });
    return found;
  }
  setField(field);
  setLang(lang);
  restack();
  window.sunplanPage = {map: map, layers: layers, setLang: setLang, setField: setField, townshipLayer: townshipLayer,
                        colourOf: function (v) { return colourOf(v); }, field: function () { return field; }};
  document.body.dataset.ready = '1';
})();
