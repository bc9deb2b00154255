<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>CommunityGovernance</name>
    <message>
        <location filename="../plugin/main.py" line="69"/>
        <source>&amp;Community Smart Governance</source>
        <translation>社区智慧治理(&amp;C)</translation>
    </message>
    <message>
        <location filename="../plugin/dock/panel.py" line="31"/>
        <source>All optional Python packages are installed; every tool is available.</source>
        <translation>所有可选 Python 依赖包均已安装，全部工具可用。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/base.py" line="37"/>
        <source>Analysis failed: {detail}</source>
        <translation>分析失败：{detail}</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/base.py" line="42"/>
        <source>Cancelled by the user.</source>
        <translation>已被用户取消。</translation>
    </message>
    <message>
        <location filename="../processing/bridge.py" line="69"/>
        <source>Cannot locate the layer on the earth to choose a metric CRS.</source>
        <translation>无法确定图层的地理位置，因而无法选择米制投影坐标系。</translation>
    </message>
    <message>
        <location filename="../plugin/dock/panel.py" line="36"/>
        <source>Community Smart Governance</source>
        <translation>社区智慧治理</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/base.py" line="29"/>
        <source>Community platform</source>
        <translation>社区基础信息平台</translation>
    </message>
    <message>
        <location filename="../plugin/main.py" line="75"/>
        <source>Community platform panel</source>
        <translation>社区平台面板</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/base.py" line="40"/>
        <source>Coordinate reference system problem in layer “{layer}”: {detail}</source>
        <translation>图层“{layer}”的坐标参考系有问题：{detail}</translation>
    </message>
    <message>
        <location filename="../processing/provider.py" line="80"/>
        <source>Could not load the model “{path}”.</source>
        <translation>无法加载模型“{path}”。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/base.py" line="27"/>
        <source>Data quality</source>
        <translation>数据质检</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/base.py" line="30"/>
        <source>Demo and data</source>
        <translation>示例与数据</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/base.py" line="25"/>
        <source>Facilities and accessibility</source>
        <translation>设施与可达性</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/base.py" line="28"/>
        <source>Indicators and monitoring</source>
        <translation>指标与监测预警</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/base.py" line="41"/>
        <source>Invalid configuration file “{file}”: {detail}</source>
        <translation>配置文件“{file}”无效：{detail}</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/base.py" line="39"/>
        <source>Invalid geometry in layer “{layer}”, feature {feature}: {detail}</source>
        <translation>图层“{layer}”的要素 {feature} 几何无效：{detail}</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/base.py" line="38"/>
        <source>Invalid input: {detail}</source>
        <translation>输入无效：{detail}</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/base.py" line="44"/>
        <source>Layer “{layer}” has no features.</source>
        <translation>图层“{layer}”没有要素。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/base.py" line="43"/>
        <source>Layer “{layer}” has no field “{field}”.</source>
        <translation>图层“{layer}”缺少字段“{field}”。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/base.py" line="24"/>
        <source>Life circles</source>
        <translation>生活圈</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/base.py" line="26"/>
        <source>Plan conformity</source>
        <translation>规划符合性审查</translation>
    </message>
    <message>
        <location filename="../plugin/dock/panel.py" line="40"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../plugin/main.py" line="37"/>
        <source>The Python package “{package}” is missing, so these tools are disabled: {tools}. Install it with: {hint}</source>
        <translation>缺少 Python 依赖包“{package}”，以下工具已停用：{tools}。安装方法：{hint}</translation>
    </message>
    <message>
        <location filename="../processing/bridge.py" line="61"/>
        <source>The layer has no valid coordinate reference system.</source>
        <translation>图层没有有效的坐标参考系。</translation>
    </message>
</context>
</TS>
