import math, re
STOP=set("""a about above after again all also am an and any are as at be been before being both but by can could did do does doing during each either for from further had has have having he her here his how if in into is it its itself may me might more most must my no nor not of off on once only or other our ours out over own same shall she should so such than that the their them then there these they this those through to under until up upon very was we were what when where whether which while who whom why will with would yes you your yours please describe explain provide list detail details confirm indicate state specify organisation organization company vendor supplier service services product products use used using ensure ensures applicable relevant appropriate including include e.g""".split())
def stem(w):
    if len(w)>3 and w.endswith("ies") and not w.endswith("eies") and not w.endswith("aies"): return w[:-3]+"y"
    if len(w)>3 and w.endswith("es") and not (w.endswith("aes") or w.endswith("ees") or w.endswith("oes")): return w[:-1]
    if len(w)>2 and w.endswith("s") and not (w.endswith("us") or w.endswith("ss")): return w[:-1]
    return w
def toks(t):
    out=[]
    for w in re.split(r"[^0-9a-zA-Z]+", t.lower()):
        if len(w)<2 or w in STOP: continue
        s=stem(w)
        if s not in STOP: out.append(s)
    return out
docs=[("C1","Human oversight of automated decisions: people can review and override model outputs",["eu-ai-act:art-14"]),
("C2","Training data quality, provenance and bias checks for datasets",["eu-ai-act:art-10"]),
("C3","Serious incidents are reported and handled with response playbooks",["eu-ai-act:art-73","nist-ai-rmf:MANAGE-4.3"]),
("C4","Access to model weights and training data is restricted and logged",["iso42001:A.4.3"])]
from collections import Counter
N=len(docs); cnt=[Counter(toks(d[1])) for d in docs]
df=Counter(); [df.update(c.keys()) for c in cnt]
idf={t:math.log((1+N)/(1+n))+1 for t,n in df.items()}
def vec(c):
    v={t:n*idf[t] for t,n in c.items() if t in idf}; norm=math.sqrt(sum(x*x for x in v.values()))
    return {t:x/norm for t,x in v.items()} if norm>0 else v
dv=[vec(c) for c in cnt]
import sys
for q,cited in [("How do you ensure human review and override of automated decisions?",[]),
 ("Describe data provenance and bias checks on your training datasets.",[]),
 ("Which incidents do you report to authorities under Art. 73?",["eu-ai-act:art-73"]),
 ("Which NIST MANAGE 4 practices do you follow?",["nist-ai-rmf:MANAGE-4"]),
 ("What is your favourite colour?",[])]:
    qv=vec(Counter(toks(q))); res=[]
    for (id,_,reqs),d in zip(docs,dv):
        text=sum(w*d.get(t,0) for t,w in qv.items())
        hit=any(r==c or r.startswith(c+".") for r in reqs for c in cited)
        s=text+(0.5 if hit else 0)
        if s>=0.1: res.append((round(s,6),id,round(text,6)))
    res.sort(key=lambda x:(-x[0],x[1]))
    print(q, toks(q), res[:3])
print(toks("Our policies: models' outputs, processes, classes, does"))
